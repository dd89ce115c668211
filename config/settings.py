"""Creative Studio settings: everything configurable comes from the environment,
read through the typed helpers in config/env.py (a malformed value stops start-up).
Importing them writes nothing: `manage.py ensure_secrets` generates the secrets
(config/secret_files.py). The test suite runs on config/settings_test.py."""
from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import dj_database_url

from config.env import ImproperEnv, env_bool, env_header, env_int, env_list, env_prefixed, env_str
from config.secret_files import SECRET_FILES, secret_read
from config.storage import media_storage_from_env
from generation import limits as _limits

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))

# From the environment or var/ (`manage.py ensure_secrets`); a missing one is empty,
# and the system check config.E001 stops every command that would use it.
SECRET_KEY = secret_read("SECRET_KEY", var_dir=VAR_DIR)
API_KEY_PEPPER = secret_read("API_KEY_PEPPER", var_dir=VAR_DIR)
SECRETS_MISSING = [name for name in SECRET_FILES if not globals()[name]]
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
PUBLIC_BASE_URL = env_str(
    "PUBLIC_BASE_URL", f"http://{env_str('HOST', '127.0.0.1')}:{env_int('PORT', 8000)}"
).rstrip("/")
FREE_CREDITS = env_int("FREE_CREDITS", 25, minimum=0)
ALLOW_PRIVATE_URLS = env_bool("ALLOW_PRIVATE_URLS", False)
STRIPE_SECRET_KEY = env_str("STRIPE_SECRET_KEY", "")
STRIPE_WEBHOOK_SECRET = env_str("STRIPE_WEBHOOK_SECRET", "")
# The Stripe Price of each catalog item: STRIPE_PRICE_<CODE> (STRIPE_PRICE_PACK_100=price_…),
# read as {"pack_100": "price_…"}. An item without one cannot be bought.
STRIPE_PRICES = env_prefixed("STRIPE_PRICE_", pattern=r"price_[A-Za-z0-9_]+")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_q",
    "axes",
    "accounts",
    "billing",
    "generation",
    "webhooks",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "config.middleware.RequestIdMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it turns a refused log-in into the lock-out page.
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
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database: embedded SQLite in var/ unless DATABASE_URL says otherwise -------------
DATABASE_URL = env_str("DATABASE_URL", "")
if DATABASE_URL:
    try:
        DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)}
    except ValueError as error:
        raise ImproperEnv(f"DATABASE_URL is not a database URL: {error}") from None
else:
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": str(VAR_DIR / "db.sqlite3")}}

if DATABASES["default"]["ENGINE"] in ("django.db.backends.sqlite3", "fastpath.sqlite"):
    DATABASES["default"]["ENGINE"] = "fastpath.sqlite"  # writers queue without busy-wait sleeps (fastpath/README.md)
    # WAL lets readers run beside the single writer; IMMEDIATE takes the write lock at
    # BEGIN so two writers queue on busy_timeout instead of failing on lock upgrade.
    # Persistent connections: opening a SQLite connection (and running the PRAGMAs
    # below) costs more than most queries the API makes.
    DATABASES["default"]["CONN_MAX_AGE"] = None
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000;",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
# django-axes first: it refuses a locked-out e-mail address or IP before the password
# is even checked. API keys do not go through these backends (accounts.authentication).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English")]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Static files and media ----------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"  # made by `manage.py ensure_secrets`
STATICFILES_DIRS = [BASE_DIR / "static"]
WHITENOISE_USE_FINDERS = True  # `make run` serves vendored assets without collectstatic
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))

# Outputs, assets and preset previews: under MEDIA_ROOT, or in S3 (config/storage.py).
_media = media_storage_from_env()
STORAGE = _media.kind
STORAGES = {
    "default": _media.backend,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

# --- Uploads and request bodies -----------------------------------------------------------
DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024  # JSON bodies: 1 MiB is far above any valid request
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 200

# --- Cache (rate-limit counters), shared by every web process ------------------------------
# Redis when CACHE_URL (or REDIS_URL) names one; else a table in the database
# (`manage.py createcachetable`, run by `make migrate` and by migrations).
CACHE_URL = env_str("CACHE_URL", "") or env_str("REDIS_URL", "")
if CACHE_URL.startswith("redis://") or CACHE_URL.startswith("rediss://"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}}
elif CACHE_URL:
    raise ImproperEnv(f"CACHE_URL={CACHE_URL!r} must be a redis:// URL (or unset for the database cache)")
else:
    CACHES = {"default": {"BACKEND": "config.cache.AtomicDatabaseCache", "LOCATION": "cache_table"}}

# --- Queue: django-q2 -------------------------------------------------------------------
# The job row, not the broker, owns retries: one broker attempt, failures acknowledged,
# a task timeout well below the broker's redelivery (`retry`), and a small prefetch so
# a busy worker does not sit on tasks another one could run.
Q_BROKER = env_str("Q_BROKER", "orm")
# Each worker process loads the cut-out model, pymatting and the card face cascades
# when it starts (generation.tasks.worker_warm_up), so the first photoshoot or card it
# takes does not wait for them. The test settings turn it off: their clusters come and go.
WORKER_WARM_UP = env_bool("WORKER_WARM_UP", True)

Q_CLUSTER = {
    "name": "creative-studio",
    "workers": env_int("Q_WORKERS", 2, minimum=1),
    "timeout": 120,
    "retry": 300,
    "max_attempts": 1,
    "ack_failures": True,
    "queue_limit": 4,
    "catch_up": False,
    "save_limit": 500,
    "poll": 0.05,
    "label": "Task queue",
}
if Q_BROKER == "orm":
    Q_CLUSTER["orm"] = "default"
    Q_CLUSTER["broker_class"] = "fastpath.broker.OrmBroker"
elif Q_BROKER.startswith("redis://") or Q_BROKER.startswith("rediss://"):
    Q_CLUSTER["redis"] = Q_BROKER
else:
    raise ImproperEnv(f"Q_BROKER={Q_BROKER!r} must be 'orm' or a redis:// URL")

# --- Jobs -----------------------------------------------------------------------------
JOB_LEASE_SECONDS = env_int("JOB_LEASE_SECONDS", 60, minimum=5)
JOB_MAX_ATTEMPTS = env_int("JOB_MAX_ATTEMPTS", 3, minimum=1)
JOB_QUEUED_STALE_SECONDS = env_int("JOB_QUEUED_STALE_SECONDS", 120, minimum=10)
# `manage.py serve` runs the reaper this often (the cluster's schedule runs it every
# minute on any deployment), so a job a killed worker held is queued again soon
# after its lease runs out.
JOB_REAP_EVERY_SECONDS = env_int("JOB_REAP_EVERY_SECONDS", 10, minimum=1)

# The cap on an account's active (queued + processing) work; defaults and reasons in
# generation/limits.py. Raise it for an account mix that needs more in flight.
ACCOUNT_ACTIVE_JOBS_MAX = env_int("ACCOUNT_ACTIVE_JOBS_MAX", _limits.ACCOUNT_ACTIVE_JOBS_MAX, minimum=1)
ACCOUNT_ACTIVE_IMAGES_MAX = env_int("ACCOUNT_ACTIVE_IMAGES_MAX", _limits.ACCOUNT_ACTIVE_IMAGES_MAX, minimum=10)
ACCOUNT_ACTIVE_RETRY_AFTER_SECONDS = _limits.ACCOUNT_ACTIVE_RETRY_AFTER_SECONDS

# --- API ------------------------------------------------------------------------------------
API_RATE_LIMIT = env_str("API_RATE_LIMIT", "600/min")
PREVIEW_RATE_LIMIT = env_str("PREVIEW_RATE_LIMIT", _limits.PREVIEW_RATE_LIMIT)  # README, Live previews
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.authentication.ApiKeyAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["config.renderers.SafeJSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["config.parsers.StrictJSONParser"],
    "DEFAULT_THROTTLE_CLASSES": ["accounts.throttling.ApiKeyRateThrottle"],
    "EXCEPTION_HANDLER": "config.problems.problem_exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": None,
    "STRICT_JSON": True,
    # `?format=` belongs to downloads (png/jpeg/pdf), not to DRF's renderer override.
    "URL_FORMAT_OVERRIDE": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Creative Studio API",
    "DESCRIPTION": "Generate ad creatives, product photoshoots and player cards. "
    "Authenticate with `Authorization: Bearer <key>` or `X-API-Key: <key>`.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "config.openapi.problem_content_type_hook",
    ],
    "APPEND_COMPONENTS": {
        "securitySchemes": {
            "ApiKeyBearer": {"type": "http", "scheme": "bearer"},
            "ApiKeyHeader": {"type": "apiKey", "in": "header", "name": "X-API-Key"},
        }
    },
    "SECURITY": [{"ApiKeyBearer": []}, {"ApiKeyHeader": []}],
    "PATH_CONVERTER_OVERRIDES": {"id": {"type": "string", "format": "uuid"}},  # config/converters.py
    # A job's status is one set; an image's and a webhook message's (pending, succeeded, failed) another.
    "ENUM_NAME_OVERRIDES": {
        "JobStatusEnum": "config.openapi.job_statuses",
        "OutcomeStatusEnum": "config.openapi.outcome_statuses",
        "CardImageTypeEnum": "config.openapi.card_request_types",
    },
}

# --- E-mail: SMTP when EMAIL_HOST is set; else printed to the console on a development -----
# site (DEBUG, or served over plain http such as `make run` on 127.0.0.1: reset and
# verification links in the log), and on a production site (https) not sent, only logged.
EMAIL_HOST = env_str("EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
elif DEBUG or not PUBLIC_BASE_URL.startswith("https://"):
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
else:
    EMAIL_BACKEND = "config.mail.UnsentMailBackend"
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Creative Studio <no-reply@localhost>")

# --- Sign-in throttle (django-axes; see README "Sign-up, verification and the log-in throttle")
# LOGIN_FAILURE_LIMIT failed log-ins from one IP address, or for one e-mail address
# from anywhere, lock that IP or that address out of every log-in form (the site's
# and the admin's) for LOGIN_LOCKOUT_MINUTES after the last failure.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 10, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]  # each one on its own
AXES_USERNAME_CALLABLE = "accounts.lockout.lockout_username"
AXES_CLIENT_IP_CALLABLE = "config.proxy.client_ip"
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
AXES_RESET_ON_SUCCESS = False  # a right guess must not wipe the count of wrong ones
AXES_DISABLE_ACCESS_LOG = True  # failures are what matter; no row per successful log-in
AXES_VERBOSE = False
# A failure while locked out does not push the end of the lock further away, so the
# page can say when it ends.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# How many proxies in front of the web server append to X-Forwarded-For; 0 (the
# default, `make run`) uses the connection's address. Behind one proxy, 1.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0, minimum=0)

# --- E-mail verification ------------------------------------------------------------------
EMAIL_VERIFICATION_MAX_AGE = timedelta(days=env_int("EMAIL_VERIFICATION_DAYS", 3, minimum=1))

# --- HTTPS and browser security headers -----------------------------------------------------
# On by default when the site is served over https and DEBUG is off; `make run` on
# http://127.0.0.1 keeps them off so that its cookies work without TLS.
_https_site = not DEBUG and PUBLIC_BASE_URL.startswith("https://")
# The header a TLS-terminating proxy sets to say the request came in over https, e.g.
# "X-Forwarded-Proto: https". Set it only when the proxy always overwrites that header.
SECURE_PROXY_SSL_HEADER = env_header("SECURE_PROXY_SSL_HEADER")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", _https_site)
# /healthz answers over plain http too, so a load balancer can probe the web process.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", _https_site)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", _https_site)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000 if _https_site else 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", _https_site)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", _https_site)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp): only this site's own scripts, styles, fonts and
# frames; images also from data: URIs (the vendored CSS draws its icons with them) and
# from the media host when files live in object storage. Templates carry no inline
# script, style or event handler: the JavaScript lives in static/.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", *_media.image_origins, *env_list("CSP_IMG_SRC", [])],
        "connect-src": ["'self'"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
