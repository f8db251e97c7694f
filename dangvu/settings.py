"""Settings for dangvu, read from the environment.

DANGVU_DATA_DIR   folder for the embedded SQLite database (default ./data)
DATABASE_URL      e.g. postgres://user:pass@host/db; SQLite in DANGVU_DATA_DIR when unset
DANGVU_SECRET_KEY secret key (default: generated once into DANGVU_DATA_DIR/secret_key)
DANGVU_DEBUG      1 for development (default 0)
DANGVU_ALLOWED_HOSTS  comma separated (default 127.0.0.1,localhost)
DANGVU_EVENT_DAYS_AHEAD  days after today a restructuring may be dated (default 0)
DANGVU_SESSION_HOURS  how long a login lasts, in hours (default 9: a working day)
DANGVU_SESSION_AT_BROWSER_CLOSE  1 to end the login when the browser closes (default 1)
DANGVU_IMPORT_MAX_BYTES  largest file accepted for an import, in bytes (default 20 MB)
DANGVU_IMPORT_MAX_ROWS   most rows read from a file for an import (default 200000)
"""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("DANGVU_DATA_DIR", Path.cwd() / "data")).resolve()

DEBUG = os.environ.get("DANGVU_DEBUG", "0") == "1"


def _stored_secret_key(folder: Path) -> str:
    """The secret key kept in the data folder, generated the first time (readable by the
    owner only). Several processes starting at once agree: the first one to create the file
    writes it, the others read it."""
    import secrets

    path = folder / "secret_key"
    folder.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        for _attempt in range(50):  # another process is writing it
            key = path.read_text().strip()
            if key:
                return key
            import time

            time.sleep(0.1)
        raise RuntimeError(f"{path} is empty: remove it to generate a new secret key") from None
    key = secrets.token_urlsafe(50)
    with os.fdopen(fd, "w") as handle:
        handle.write(key + "\n")
    return key


# The key: DANGVU_SECRET_KEY if set; a fixed key in development; else the one kept in the
# data folder, generated once (so that every `dangvu` command works after the quick start).
SECRET_KEY = os.environ.get("DANGVU_SECRET_KEY") or (
    "dangvu-insecure-development-key" if DEBUG else _stored_secret_key(DATA_DIR)
)
# (Django's test runner adds its own "testserver".)
ALLOWED_HOSTS = os.environ.get("DANGVU_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("DANGVU_CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "dangvu.core",
    "dangvu.orgs",
    "dangvu.members",
    "dangvu.admissions",
    "dangvu.inspections",
    "dangvu.classes",
    "dangvu.plans",
    "dangvu.ratings",
    "dangvu.awards",
    "dangvu.exchange",
    "dangvu.reports",
    "dangvu.demo",
    "dangvu.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "dangvu.web.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "dangvu.web.middleware.LoginRequiredMiddleware",
    "dangvu.web.middleware.PasswordChangeRequiredMiddleware",
    "dangvu.web.middleware.PrivatePagesMiddleware",
    "dangvu.web.middleware.ContentSecurityPolicyMiddleware",
    "dangvu.web.middleware.DomainErrorMiddleware",
    # Last, so that a lockout answers before any view runs.
    "axes.middleware.AxesMiddleware",
]

if not DEBUG:  # in development runserver serves static files itself
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")

ROOT_URLCONF = "dangvu.urls"
WSGI_APPLICATION = "dangvu.wsgi.application"
ASGI_APPLICATION = "dangvu.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    }
]

if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=60)}
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        # No JIT: the rollup's statements are short but their estimates large, and compiling
        # them cost ~300 ms a page for ~1 ms of work (PostgreSQL advises it off for such loads).
        DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
else:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("DANGVU_SQLITE_PATH", str(DATA_DIR / "dangvu.sqlite3")),
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                # Pages of 16 KB for a new database (an existing one keeps its own until a
                # VACUUM): a load of 100.000 members writes its rows and indexes ~20% faster
                # than with the default 4 KB. A page cache of up to 256 MB, used as needed
                # (the default 2 MB is smaller than the member table's indexes at a
                # province's scale: a load of 100.000 members rereads pages all along).
                "init_command": "PRAGMA page_size=16384; PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                                "PRAGMA cache_size=-262144;",
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "orgs.User"
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "dangvu.orgs.passwords.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Lockout: 5 failed logins for one username from one address lock it for 30 minutes.
AXES_FAILURE_LIMIT = int(os.environ.get("DANGVU_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("DANGVU_LOGIN_COOLOFF_HOURS", "0.5"))
# A unit may submit its report this many days before the period ends (plans.services).
DANGVU_SUBMIT_DAYS_BEFORE_END = int(os.environ.get("DANGVU_SUBMIT_DAYS_BEFORE_END", "5"))
# How many days ahead a restructuring (establish, rename, move, merge, dissolve) may be dated.
DANGVU_EVENT_DAYS_AHEAD = int(os.environ.get("DANGVU_EVENT_DAYS_AHEAD", "0"))
# Uploaded files (imports): the largest file accepted, in bytes, and the most data rows read.
DANGVU_IMPORT_MAX_BYTES = int(os.environ.get("DANGVU_IMPORT_MAX_BYTES", str(20 * 1024 * 1024)))
DANGVU_IMPORT_MAX_ROWS = int(os.environ.get("DANGVU_IMPORT_MAX_ROWS", "200000"))
# A file with more data rows than this is imported by a background task (a progress bar).
DANGVU_IMPORT_BACKGROUND_ROWS = int(os.environ.get("DANGVU_IMPORT_BACKGROUND_ROWS", "2000"))
# Where uploaded files wait between their upload and their import.
DANGVU_IMPORT_DIR = Path(os.environ.get("DANGVU_IMPORT_DIR", DATA_DIR / "imports"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "web/common/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# Behind a reverse proxy: how many proxies append to X-Forwarded-For (see web/common/client_ip.py).
DANGVU_PROXY_COUNT = int(os.environ.get("DANGVU_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "dangvu.web.common.client_ip.client_ip"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["dangvu.formats"]
USE_THOUSAND_SEPARATOR = True
NUMBER_GROUPING = 3

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("DANGVU_STATIC_ROOT", Path.cwd() / "staticfiles"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

TASKS = {"default": {"BACKEND": os.environ.get("DANGVU_TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}

SESSION_COOKIE_HTTPONLY = True
# A session lasts a working day (9 hours) and ends when the browser closes.
SESSION_COOKIE_AGE = int(float(os.environ.get("DANGVU_SESSION_HOURS", "9")) * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = os.environ.get("DANGVU_SESSION_AT_BROWSER_CLOSE", "1") == "1"
SESSION_COOKIE_SECURE = os.environ.get("DANGVU_SECURE_COOKIES", "0") == "1"
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# Behind HTTPS (see README, Production): HSTS, redirect to HTTPS, and the header by which the
# proxy says the request came over HTTPS, e.g. DANGVU_PROXY_SSL_HEADER=X-Forwarded-Proto.
SECURE_HSTS_SECONDS = int(os.environ.get("DANGVU_HSTS_SECONDS", "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = os.environ.get("DANGVU_HSTS_PRELOAD", "1" if SECURE_HSTS_SECONDS > 0 else "0") == "1"
SECURE_SSL_REDIRECT = os.environ.get("DANGVU_SSL_REDIRECT", "0") == "1"
if os.environ.get("DANGVU_PROXY_SSL_HEADER"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_" + os.environ["DANGVU_PROXY_SSL_HEADER"].upper().replace("-", "_"), "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
# Scripts only from the site's static files (no inline script, no eval); inline styles are
# allowed (style attributes of the pages and of the server-drawn SVG charts), as are images
# written as data: addresses.
DANGVU_CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
              "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
              "form-action 'self'")
SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DANGVU_LOG_LEVEL", "WARNING")},
}

# Members per page in lists.
DANGVU_PAGE_SIZE = 50
