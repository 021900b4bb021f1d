"""Settings shared by every environment. Runs locally on SQLite with no setup; the environment
overrides what differs between machines (see .env.example)."""

import json
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
# Everything the site writes at run time (database, uploads, search index, collected static)
# lives under one ignored folder, so a checkout stays clean.
VAR_DIR = Path(os.environ.get("PORTAL_VAR_DIR", BASE_DIR / "var"))


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get(
    "DJANGO_SECRET_KEY", "insecure-local-development-key-not-for-production"
)
DEBUG = False
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")

INSTALLED_APPS = [
    "base.apps.PortalAdminConfig",  # Django's admin, with the second sign-in step
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "csp",
    "django_otp",
    "base.apps.AuthenticatorAppsConfig",  # django_otp.plugins.otp_totp
    "base.apps.SignInLockConfig",  # axes
    "base.apps.TagsConfig",  # django-taggit, with a Swedish name in the admin
    "simple_history",
    "import_export",
    "base.apps.BaseConfig",  # the ground floor (its module holds several configs)
    # Before haystack: its rebuild_index command replaces haystack's (build aside, then swap).
    "search",
    "haystack",
    "handbook",
    "channels",
    "registry",
    "feedback",
]

MIDDLEWARE = [
    # Click ids and campaign tags off the query string, before the page cache keys a page.
    "base.middleware.TrackingParametersMiddleware",
    # Whole anonymous pages (base/pagecache.py): a kept page is served, with the headers every
    # middleware below gave it and 304 when the reader has it, before anything else runs.
    "base.middleware.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "base.middleware.PermissionsPolicyMiddleware",
    # An ETag for every page that has none of its own, and 304 when the reader has it already.
    "django.middleware.http.ConditionalGetMiddleware",
    "base.middleware.KnownCharsetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "base.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): signed in with a second factor (django-otp).
    "django_otp.middleware.OTPMiddleware",
    # Who made each change that the history keeps (django-simple-history).
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Counts failed sign-ins and locks out (django-axes); last, as its documentation asks.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "base.context_processors.portal",
            ],
        },
    },
]

if "DATABASE_URL" not in os.environ:
    VAR_DIR.mkdir(parents=True, exist_ok=True)  # the embedded SQLite default lives there
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}", conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several editors (and index writers) at once: take the write lock when a transaction
    # starts instead of failing mid-way, wait for it, and let readers go on while one writes.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Reverse proxies whose X-Forwarded-For header is believed (addresses or networks, comma separated,
# e.g. 10.0.0.5,10.1.0.0/16); the client address then comes from that header (base/ratelimit.py).
PORTAL_TRUSTED_PROXIES = env_list("PORTAL_TRUSTED_PROXIES", "")

# Messages per sender and hour through each public form (reports, feedback).
PORTAL_FORM_LIMIT_PER_HOUR = int(os.environ.get("PORTAL_FORM_LIMIT_PER_HOUR", "5"))
# Requests per client and window (seconds) for the reads that cost; past it, 429 + Retry-After.
PORTAL_RATE_LIMITS = {
    "api": (int(os.environ.get("PORTAL_RATE_API", "300")), 60),
    "export": (int(os.environ.get("PORTAL_RATE_EXPORT", "30")), 60),
    "search": (int(os.environ.get("PORTAL_RATE_SEARCH", "120")), 60),
    # One request per pause in typing, so more than searches.
    "suggest": (int(os.environ.get("PORTAL_RATE_SUGGEST", "600")), 60),
}

# A cache every application server shares (rate limits count across them) when REDIS_URL is set,
# e.g. redis://127.0.0.1:6379/0; otherwise each process keeps its own in memory.
# "pages" holds whole anonymous pages (base/pagecache.py), never stale: any write readers can see
# starts over. Without Redis it is files that every process of this machine (make prod's
# workers) shares, so a save in one is seen by all at once; the identity (base/identity.py) goes
# there too, since a process keeping its own copy for a minute would render pages in the old
# colours under the new generation.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        # Django's, keeping its client objects (base/cache.py).
        "default": {"BACKEND": "base.cache.RedisCache", "LOCATION": REDIS_URL}
    }
    CACHES["pages"] = {**CACHES["default"], "KEY_PREFIX": "pages"}
else:
    GENERATION = "pages:generation"  # base.pagecache.GENERATION_KEY (a test ties the two)
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "pages": {
            "BACKEND": "base.cache.SharedFileCache",
            "LOCATION": VAR_DIR / "cache" / "pages",
            # The generation, read on every request, is never culled, and each process holds
            # its file and reads it again only when a write replaced it (base/cache.py).
            "OPTIONS": {"MAX_ENTRIES": 20_000, "SPARE": [GENERATION], "HELD": [GENERATION]},
        },
    }
    PORTAL_IDENTITY_CACHE = "pages"
PORTAL_PAGE_CACHE = "pages"
# A safety net, not the mechanism: pages are replaced on every write long before this.
PORTAL_PAGE_CACHE_SECONDS = int(os.environ.get("PORTAL_PAGE_CACHE_SECONDS", "3600"))
# Never from the cache: the admin, the health check (live state), CSP reports.
PORTAL_PAGE_CACHE_SKIP = ("/admin/", "/healthz", "/csp-rapport/")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Sign-in. Failed attempts are counted per user name and per client address in the database (so
# every application server counts together); past the limit both are locked out for a while and
# the sign-in page says so in Swedish (django-axes). A staff session lasts a working day at most
# and ends when the browser closes; readers have no session at all.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("PORTAL_SIGNIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("PORTAL_SIGNIN_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "base.ratelimit.client_address"
AXES_LOCKOUT_CALLABLE = "base.signin.locked_out"
AXES_VERBOSE = False
AXES_ENABLE_ADMIN = False  # base/admin.py shows the lockouts, without the request data
AXES_DISABLE_ACCESS_LOG = True  # successful sign-ins are not the lockout's business
# Staff sign in on the public pages for what they do outside the admin (proposing an account).
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "registry:propose"  # what staff sign in on the public pages for
SESSION_COOKIE_AGE = int(os.environ.get("PORTAL_SESSION_HOURS", "9")) * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Two-factor sign-in to the admin (TOTP apps such as Microsoft or Google Authenticator, through
# django-otp): required in production settings, optional elsewhere, where a user who has set up
# an app is still asked for its code.
PORTAL_REQUIRE_2FA = os.environ.get("PORTAL_REQUIRE_2FA", "").lower() in ("1", "true", "yes")

# django-csp: scripts, styles, fonts and images from this site only, nothing inline, no framing.
# PORTAL_MEDIA_ORIGINS adds the origin of object storage that serves uploads (https://…).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, *env_list("PORTAL_MEDIA_ORIGINS")],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "report-uri": "/csp-rapport/",
    },
}
# Powerful browser features this site never uses are switched off for it and anything it embeds;
# copying to the clipboard (the admin's copy buttons) stays allowed for the site itself.
PERMISSIONS_POLICY = {
    "accelerometer": "()",
    "autoplay": "()",
    "camera": "()",
    "display-capture": "()",
    "geolocation": "()",
    "gyroscope": "()",
    "magnetometer": "()",
    "microphone": "()",
    "midi": "()",
    "payment": "()",
    "usb": "()",
    "clipboard-write": "(self)",
    "fullscreen": "(self)",
}

# Internationalisation: Swedish first, English available. URLs carry no language prefix because
# the public URLs (/handbok/, /konton/, …) are part of the product; the choice lives in a cookie.
LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
# Our catalogue first (makemessages writes there), then Swedish for libraries that ship none.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_thirdparty"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("PORTAL_MEDIA_ROOT", VAR_DIR / "media"))
# Uploads: MEDIA_ROOT on this server, or any Django storage (object storage through
# django-storages, see README) named in PORTAL_MEDIA_STORAGE with its options as JSON.
MEDIA_STORAGE = {
    "BACKEND": os.environ.get(
        "PORTAL_MEDIA_STORAGE", "django.core.files.storage.FileSystemStorage"
    ),
    "OPTIONS": json.loads(os.environ.get("PORTAL_MEDIA_STORAGE_OPTIONS") or "{}"),
}
STORAGES = {
    "default": MEDIA_STORAGE,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# An import's file waits between its preview and its confirmation where every application
# server finds it: the shared cache, or else a folder outside the served media.
IMPORT_EXPORT_TMP_STORAGE_CLASS = (
    "import_export.tmp_storages.CacheStorage"
    if REDIS_URL
    else "import_export.tmp_storages.MediaStorage"
)
STORAGES["import_export"] = {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": VAR_DIR / "imports"},
}
# Uploaded images are resized by Pillow; refuse decompression bombs well before memory suffers.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# The organisation running the portal: one place, so any city, region or university can use it.
PORTAL_ORG_NAME = os.environ.get("PORTAL_ORG_NAME", "Exempelstaden")
PORTAL_ORG_LOGO = os.environ.get("PORTAL_ORG_LOGO", "img/logo.svg")
# The name an authenticator app shows beside the admin's codes.
OTP_TOTP_ISSUER = PORTAL_ORG_NAME
PORTAL_CONTACT_EMAIL = os.environ.get("PORTAL_CONTACT_EMAIL", "sociala-medier@example.org")
# How often an account is reviewed by default, in months (each account may differ).
PORTAL_REVIEW_MONTHS = int(os.environ.get("PORTAL_REVIEW_MONTHS", "12"))

# E-mail (new reports and feedback reach the people who answer for them): Django's SMTP
# backend with these settings; development prints messages on the console instead.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "").lower() in ("1", "true", "yes")
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "no-reply@example.org")
# The Swedish organisation number (10 digits) and ADMS publisher type, for the open-data record.
PORTAL_ORG_NUMBER = os.environ.get("PORTAL_ORG_NUMBER", "").replace("-", "").strip()
PORTAL_ORG_TYPE = os.environ.get("PORTAL_ORG_TYPE", "LocalAuthority")
# The site's public address: feed ids, open-data records and API links are built from it, never
# from the request's Host header, so they stay the same behind any proxy or alias.
PORTAL_SITE_URL = os.environ.get("PORTAL_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Marks every page as a demonstration, so the made-up registry is never taken for a real one.
PORTAL_DEMO = os.environ.get("PORTAL_DEMO", "").lower() in ("1", "true", "yes")

# django-haystack
HAYSTACK_CONNECTIONS = {
    "default": {
        "ENGINE": "search.backends.whoosh.SwedishWhooshEngine",
        # The index's one location (the Whoosh engine's folder).
        "PATH": os.environ.get("WHOOSH_INDEX_PATH", str(VAR_DIR / "whoosh_index")),
        # Spelling runs on every query and dominates its cost (shared/notes/search-stack.md).
        "INCLUDE_SPELLING": False,
    },
}
# PORTAL_SEARCH_ENGINE=postgres searches in the PostgreSQL database itself (DATABASE_URL must
# name one): every application server then shares the index, and no server needs a local disk.
if os.environ.get("PORTAL_SEARCH_ENGINE") == "postgres":
    HAYSTACK_CONNECTIONS["default"] = {"ENGINE": "search.backends.postgres.PostgresSearchEngine"}
HAYSTACK_SIGNAL_PROCESSOR = "search.signals.PublishedOnlySignalProcessor"
HAYSTACK_SEARCH_RESULTS_PER_PAGE = 10

# django-taggit
TAGGIT_CASE_INSENSITIVE = True
# ASCII tag slugs keep tag addresses plain to type and share (/handbok/amne/sakerhet/).
TAGGIT_STRIP_UNICODE_WHEN_SLUGIFYING = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # With the process: make prod's workers write to one log.
    "formatters": {
        "process": {"format": "[%(asctime)s] [%(process)d] [%(levelname)s] %(name)s: %(message)s"}
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "process"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
    # What a worker of make prod did as it started (config/server.py).
    "loggers": {"config.server": {"level": "INFO"}},
}
