"""Settings shared by every environment, read from environment variables.

DATABASE_URL (default: SQLite under var/), REDIS_URL (optional: cache, rate limits,
task queue), NUANXIN_VAR_DIR (where local state lives), NUANXIN_SECRET_KEY.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
# A checkout keeps its state in <repo>/var; deployments set NUANXIN_VAR_DIR.
VAR_DIR = Path(os.environ.get("NUANXIN_VAR_DIR", BASE_DIR.parent.parent / "var")).resolve()

# Secrets come from the environment only. The dev and test settings generate missing ones
# into var/ (settings.local_keys); production refuses to start without them.
SECRET_KEY = os.environ.get("NUANXIN_SECRET_KEY", "")
# Keys for personal data live outside the database (comma-separated; the first encrypts).
FIELD_ENCRYPTION_KEYS = [k for k in os.environ.get("NUANXIN_FIELD_KEYS", "").split(",") if k]
FIELD_HMAC_KEY = os.environ.get("NUANXIN_HMAC_KEY", "")
# Which of them the environment set: `check --deploy` fails on any it did not.
KEYS_FROM_ENVIRONMENT = {name: bool(os.environ.get(name)) for name in
                         ("NUANXIN_SECRET_KEY", "NUANXIN_FIELD_KEYS", "NUANXIN_HMAC_KEY")}

DEBUG = os.environ.get("NUANXIN_DEBUG", "0") == "1"  # on only for `make dev`
ALLOWED_HOSTS = [h for h in os.environ.get("NUANXIN_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("NUANXIN_CSRF_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "ninja",  # serves Swagger UI from its own static files, not a CDN
    "huey.contrib.djhuey",
    "django_prometheus",
    "nuanxin.web",
    "nuanxin.regions",
    "nuanxin.accounts",
    "nuanxin.privacy",
    "nuanxin.people",
    "nuanxin.stations",
    "nuanxin.points",
    "nuanxin.activities",
    "nuanxin.benefits",
    "nuanxin.notifications",
    "nuanxin.workcalendar",
    "nuanxin.reports",
    "nuanxin.open311",
    "nuanxin.campaigns",
    "nuanxin.workforce",
    "nuanxin.dashboard",
    "nuanxin.planning",
    "nuanxin.party",
    "nuanxin.governance",
    "nuanxin.mediation",
    "nuanxin.access",
    "nuanxin.demo",
    "nuanxin.ops",
]

MIDDLEWARE = [
    "nuanxin.ops.logs.RequestLogMiddleware",
    "nuanxin.ops.faults.DatabaseUnavailableMiddleware",
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "nuanxin.web.middleware.RequestGuard",  # 413 for oversize bodies, 400 for NUL bytes
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]

ROOT_URLCONF = "nuanxin.urls"
WSGI_APPLICATION = "nuanxin.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]


def _database() -> dict[str, object]:
    default_sqlite = f"sqlite:///{VAR_DIR / 'nuanxin.sqlite3'}"
    config: dict[str, object] = dict(
        dj_database_url.parse(os.environ.get("DATABASE_URL") or default_sqlite, conn_max_age=60,
                              conn_health_checks=True)
    )
    if str(config["ENGINE"]).endswith("sqlite3"):
        # WAL lets readers run beside the one writer; IMMEDIATE takes the write lock at
        # BEGIN, so read-then-write transactions serialise instead of failing late.
        config["OPTIONS"] = {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
            " PRAGMA busy_timeout=20000;",
            "transaction_mode": "IMMEDIATE",
        }
    return config


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    # Redis, with the database cache taking over while Redis is down (kernel.cache).
    CACHES = {
        "default": {
            "BACKEND": "nuanxin.kernel.cache.FailoverRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "nuanxin",
            "OPTIONS": {"FALLBACK": "fallback", "socket_connect_timeout": 0.5,
                        "socket_timeout": 1.0},
        },
        "fallback": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "nuanxin_cache",
            "KEY_PREFIX": "nuanxin",
        },
        "limits": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "nuanxin-limits",
        },
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "nuanxin",
        },
        # Abuse limits (SMS codes) must hold across processes: without Redis, a table.
        "limits": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "nuanxin_limits",
        },
    }

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "nuanxin.accounts.backends.AddressLockout",
    "nuanxin.accounts.backends.PhonePasswordBackend",
    "nuanxin.accounts.backends.SmsCodeBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "/login/"
LOGIN_REDIRECT_URL = "/home/"  # staff land on their role's home (dashboard.views.home); riders go on to /

# Login throttling (django-axes): 5 failures for one phone from one address lock it
# for 15 minutes; the lock is kept in the database so every app process sees it.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "nuanxin.accounts.lockout.locked_out_response"
AXES_ENABLE_ADMIN = True
AXES_IPWARE_PROXY_COUNT = int(os.environ.get("NUANXIN_PROXY_COUNT", "0")) or None

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise expects it to exist
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

# Front-end packages installed by `npm ci` (package-lock.json), served under /static/vendor/.
NODE_MODULES = BASE_DIR.parent.parent / "node_modules"
_VENDOR = {
    "leaflet": "leaflet/dist",
    "leaflet-draw": "leaflet-draw/dist",
    "echarts": "echarts/dist",
    "jsqr": "jsqr/dist",
}
STATICFILES_DIRS = [
    (f"vendor/{name}", NODE_MODULES / sub)
    for name, sub in _VENDOR.items()
    if (NODE_MODULES / sub).is_dir()
]

# Base map tiles for every map page: "amap" (GCJ-02), "tianditu" (needs the key), "none",
# or "URL|crs|attribution" (see nuanxin.kernel.maps).
NUANXIN_MAP_TILES = os.environ.get("NUANXIN_MAP_TILES", "amap")
NUANXIN_TIANDITU_KEY = os.environ.get("NUANXIN_TIANDITU_KEY", "")

# Pluggable one-time-code sender; the default prints to the console.
NUANXIN_SMS_SENDER = os.environ.get("NUANXIN_SMS_SENDER", "nuanxin.accounts.sms.ConsoleSender")
# The provider behind QueuedSender (production): Alibaba Cloud SMS through its signed API.
NUANXIN_SMS_PROVIDER = os.environ.get("NUANXIN_SMS_PROVIDER",
                                      "nuanxin.accounts.sms_provider.AliyunSender")
NUANXIN_SMS_ALIYUN = {
    "access_key_id": os.environ.get("NUANXIN_SMS_ACCESS_KEY_ID", ""),
    "access_key_secret": os.environ.get("NUANXIN_SMS_ACCESS_KEY_SECRET", ""),
    "sign_name": os.environ.get("NUANXIN_SMS_SIGN_NAME", ""),
    "template_code": os.environ.get("NUANXIN_SMS_TEMPLATE_CODE", ""),
    "template_notice": os.environ.get("NUANXIN_SMS_TEMPLATE_NOTICE", ""),
    "endpoint": os.environ.get("NUANXIN_SMS_ENDPOINT", "https://dysmsapi.aliyuncs.com/"),
}
NUANXIN_SMS_CODE_TTL_SECONDS = 300
NUANXIN_SMS_RESEND_SECONDS = 60
NUANXIN_SMS_DAILY_LIMIT = 10
NUANXIN_SMS_PER_ADDRESS_PER_HOUR = int(os.environ.get("NUANXIN_SMS_PER_ADDRESS_PER_HOUR", "20"))
NUANXIN_SMS_GLOBAL_PER_MINUTE = int(os.environ.get("NUANXIN_SMS_GLOBAL_PER_MINUTE", "120"))
# Failed logins from one address across all accounts (credential spraying), in AXES_COOLOFF_TIME.
NUANXIN_LOGIN_FAILURES_PER_ADDRESS = 20
NUANXIN_TOKEN_TTL_DAYS = int(os.environ.get("NUANXIN_TOKEN_TTL_DAYS", "30"))

NINJA_PAGINATION_PER_PAGE = 50

# The job queue (huey): Redis when REDIS_URL is set, else a SQLite file under var/, so
# `make run` needs no server. Every process that runs `nuanxin worker` (or `nuanxin run`)
# consumes it; periodic jobs run once per period whatever the number of processes.
if REDIS_URL:
    HUEY: dict[str, object] = {
        "huey_class": "huey.RedisHuey", "name": "nuanxin",
        "connection": {"url": REDIS_URL}, "immediate": False,
    }
else:
    HUEY = {
        "huey_class": "huey.SqliteHuey", "name": "nuanxin",
        "filename": str(VAR_DIR / "queue.sqlite3"), "immediate": False,
    }

# /metrics answers only these networks (the monitoring agent's addresses).
NUANXIN_METRICS_ALLOWED = [
    a for a in os.environ.get("NUANXIN_METRICS_ALLOWED", "127.0.0.1/32,::1/128").split(",") if a
]

# One JSON line per request and per event, with the request id; no personal data (the
# scrub filter masks phones and ID numbers in any message). NUANXIN_LOG_FORMAT=text for
# a human-readable console.
LOG_FORMAT = os.environ.get("NUANXIN_LOG_FORMAT", "json")
# Uploads (docs/limits.md): fields above 2 MB are refused, files above 1 MB stream to a
# temporary file, a file past 10 MB is refused while it streams, and a request whose
# Content-Length passes nine photos' worth is refused before its body is read.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
NUANXIN_MAX_FILE_BYTES = 10 * 1024 * 1024
NUANXIN_MAX_REQUEST_BYTES = 9 * NUANXIN_MAX_FILE_BYTES + 1024 * 1024
FILE_UPLOAD_HANDLERS = [
    "nuanxin.web.uploads.FileSizeLimit",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "nuanxin.ops.logs.RequestIdFilter"},
        "scrub": {"()": "nuanxin.ops.logs.ScrubFilter"},
    },
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT,
                    "filters": ["request_id", "scrub"]},
    },
    "loggers": {
        "nuanxin": {"handlers": ["console"], "level": os.environ.get("NUANXIN_LOG_LEVEL", "INFO"),
                    "propagate": False},
        "django": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        "huey": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        "axes": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}
