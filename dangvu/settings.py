"""Settings for dangvu, read from the environment.

DANGVU_DATA_DIR   folder for the embedded SQLite database (default ./data)
DATABASE_URL      e.g. postgres://user:pass@host/db; SQLite in DANGVU_DATA_DIR when unset
DANGVU_SECRET_KEY secret key (required when DANGVU_DEBUG is off)
DANGVU_DEBUG      1 for development (default 0)
DANGVU_ALLOWED_HOSTS  comma separated (default 127.0.0.1,localhost)
DANGVU_SESSION_HOURS  how long a login lasts, in hours (default 9: a working day)
DANGVU_SESSION_AT_BROWSER_CLOSE  1 to end the login when the browser closes (default 1)
"""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("DANGVU_DATA_DIR", Path.cwd() / "data")).resolve()

DEBUG = os.environ.get("DANGVU_DEBUG", "0") == "1"
SECRET_KEY = os.environ.get("DANGVU_SECRET_KEY") or (
    "dangvu-insecure-development-key" if DEBUG or os.environ.get("DANGVU_ALLOW_DEV_KEY") else None
)
if not SECRET_KEY:
    raise RuntimeError("DANGVU_SECRET_KEY must be set when DANGVU_DEBUG is not 1")
ALLOWED_HOSTS = os.environ.get("DANGVU_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")
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
    "dangvu.plans",
    "dangvu.demo",
    "dangvu.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "dangvu.web.middleware.LoginRequiredMiddleware",
    "dangvu.web.middleware.PasswordChangeRequiredMiddleware",
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
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
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
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "web/common/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

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

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DANGVU_LOG_LEVEL", "WARNING")},
}

# Members per page in lists.
DANGVU_PAGE_SIZE = 50
