"""Trygg settings: one file, driven by the environment.

Every value that differs between a laptop and production comes from an environment
variable (or ``var/.env``, which ``make`` writes with generated keys). Production is the
default: DEBUG is off and HTTPS-only cookies and HSTS are on unless told otherwise.
"""

from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
ENV_FILE = Path(env.str("TRYGG_ENV_FILE", default=str(VAR_DIR / ".env")))
if ENV_FILE.exists():
    environ.Env.read_env(ENV_FILE, overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env.str("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
# Behind a TLS-terminating proxy in production; off for the local http server.
HTTPS = env.bool("TRYGG_HTTPS", default=not DEBUG)

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "csp",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "trygg.core",
    "trygg.audit",
    "trygg.organisations",
    "trygg.accounts",
    "trygg.fund",
    "trygg.defectors",
    "trygg.prevention",
    "trygg.logreview",
    "trygg.api",
    "trygg.operations",
    "trygg.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "trygg.core.middleware.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "trygg.core.locale.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # django-otp's, taking the session's authenticator from the user's query (one less).
    "trygg.accounts.authentication.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "trygg.accounts.middleware.SessionSecurityMiddleware",
    "trygg.core.middleware.AccessGuardMiddleware",
]

ROOT_URLCONF = "config.urls"
# Django's own widget templates written in Python (trygg/core/forms_renderer.py, issue 14).
FORM_RENDERER = "trygg.core.forms_renderer.FormRenderer"
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
                "trygg.core.context_processors.trygg",
            ],
        },
    }
]

VAR_DIR.mkdir(exist_ok=True)
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'trygg.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE transactions serialise writers up front instead of failing mid-way,
    # which the audit hash chain and the fund ledger rely on.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20}
    )
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # Django's backend, checking a kept connection only after 5 s idle (the module says why).
    DATABASES["default"]["ENGINE"] = "trygg.core.postgresql"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Authentication -------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # Django's model backend; a session's user is loaded with its authenticator.
    "trygg.accounts.authentication.SessionDeviceBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "start"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Limits on failed logins and on mail sent on request: trygg/accounts/throttle.py explains
# them. The ordinary lockout is per account *and* address, so that a stranger who knows an
# e-mail address cannot lock its owner out; a limit per address stops password spraying and a
# slower one per account stops guessing from many addresses.
TRYGG_LOCKOUT_ATTEMPTS = env.int("TRYGG_LOCKOUT_ATTEMPTS", default=5)
TRYGG_LOCKOUT_WINDOW = timedelta(minutes=env.int("TRYGG_LOCKOUT_MINUTES", default=15))
TRYGG_THROTTLE_ADDRESS_ATTEMPTS = env.int("TRYGG_THROTTLE_ADDRESS_ATTEMPTS", default=20)
TRYGG_THROTTLE_ACCOUNT_ATTEMPTS = env.int("TRYGG_THROTTLE_ACCOUNT_ATTEMPTS", default=30)
TRYGG_THROTTLE_ACCOUNT_WINDOW = timedelta(
    minutes=env.int("TRYGG_THROTTLE_ACCOUNT_MINUTES", default=60)
)
TRYGG_THROTTLE_MAILS_PER_ACCOUNT = env.int("TRYGG_THROTTLE_MAILS_PER_ACCOUNT", default=3)
TRYGG_THROTTLE_MAILS_PER_ADDRESS = env.int("TRYGG_THROTTLE_MAILS_PER_ADDRESS", default=10)

# Server-side sessions in the database (Django's store, read with SQL written once:
# trygg/accounts/sessions.py). Idle timeout is enforced by SessionSecurityMiddleware; the
# cookie itself lives at most one working day.
SESSION_ENGINE = "trygg.accounts.sessions"
SESSION_COOKIE_AGE = int(timedelta(hours=10).total_seconds())
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
TRYGG_IDLE_TIMEOUT = timedelta(minutes=env.int("TRYGG_IDLE_TIMEOUT_MINUTES", default=20))
TRYGG_OTP_ISSUER = env.str("TRYGG_OTP_ISSUER", default="Trygg")
# Roles that must use two-factor authentication on top of those that always must (everyone
# who touches cases, case statistics, decisions, users or logs: accounts.constants.
# ALWAYS_2FA_ROLES). A municipality can add roles here (e.g. sokande), never remove those.
TRYGG_2FA_ROLES = env.list("TRYGG_2FA_ROLES", default=[])
OTP_TOTP_ISSUER = TRYGG_OTP_ISSUER


# --- Field encryption -----------------------------------------------------------------
# "id:base64key,id:base64key": the first key encrypts, every listed key decrypts.
TRYGG_FIELD_KEYS = env.str("TRYGG_FIELD_KEYS")
TRYGG_BLIND_INDEX_KEY = env.str("TRYGG_BLIND_INDEX_KEY")
# Signs the audit chain's checkpoints (trygg/audit/anchors.py); kept outside the database.
TRYGG_AUDIT_SIGNING_KEY = env.str("TRYGG_AUDIT_SIGNING_KEY", default="")
# Public keys of earlier signing keys ("id:base64,..."), so old checkpoints still verify.
TRYGG_AUDIT_VERIFY_KEYS = env.str("TRYGG_AUDIT_VERIFY_KEYS", default="")
# Backups are sealed to this public key ("id:base64", from manage.py backup_keygen); its
# private half is kept offline and only given to manage.py restore.
TRYGG_BACKUP_PUBLIC_KEY = env.str("TRYGG_BACKUP_PUBLIC_KEY", default="")
TRYGG_BACKUP_DIR = env.str("TRYGG_BACKUP_DIR", default=str(VAR_DIR / "backups"))

# --- Internationalisation -------------------------------------------------------------
LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

# --- Static files ---------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded and generated files (letters, agreements, attachments, case documents): in the
# database by default, so app nodes share them and backups hold them (trygg/core/storage.py);
# "filesystem" keeps them under TRYGG_MEDIA_ROOT on one node's disk; "s3" in a bucket of
# S3-compatible object storage (trygg/core/object_storage.py, the "s3" extra).
TRYGG_FILE_STORAGE = env.str("TRYGG_FILE_STORAGE", default="database")
TRYGG_MEDIA_ROOT = env.str("TRYGG_MEDIA_ROOT", default=str(VAR_DIR / "media"))
if TRYGG_FILE_STORAGE not in {"database", "filesystem", "s3"}:
    raise ImproperlyConfigured("TRYGG_FILE_STORAGE must be 'database', 'filesystem' or 's3'.")
_FILE_STORAGE = {
    "database": {"BACKEND": "trygg.core.storage.DatabaseStorage"},
    "filesystem": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": TRYGG_MEDIA_ROOT},
    },
}
if TRYGG_FILE_STORAGE == "s3":
    import importlib.util

    if importlib.util.find_spec("storages") is None:
        raise ImproperlyConfigured(
            "TRYGG_FILE_STORAGE=s3 needs the s3 extra: pip install -c requirements.lock '.[s3]'."
        )
    if not env.str("TRYGG_S3_BUCKET", default=""):
        raise ImproperlyConfigured("TRYGG_FILE_STORAGE=s3 needs TRYGG_S3_BUCKET.")
    _FILE_STORAGE["s3"] = {
        "BACKEND": "trygg.core.object_storage.ObjectStorage",
        "OPTIONS": {
            "bucket_name": env.str("TRYGG_S3_BUCKET"),
            # Empty: AWS itself; otherwise the store's address (MinIO, Ceph, a provider's).
            "endpoint_url": env.str("TRYGG_S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("TRYGG_S3_REGION", default="") or None,
            # Empty: boto3 looks where AWS tooling does (its variables, an instance role).
            "access_key": env.str("TRYGG_S3_ACCESS_KEY_ID", default="") or None,
            "secret_key": env.str("TRYGG_S3_SECRET_ACCESS_KEY", default="") or None,
            "location": env.str("TRYGG_S3_PREFIX", default=""),
            "addressing_style": env.str("TRYGG_S3_ADDRESSING_STYLE", default="") or None,
            "object_parameters": {"ServerSideEncryption": "AES256"}
            if env.bool("TRYGG_S3_SERVER_SIDE_ENCRYPTION", default=True)
            else {},
        },
    }
STORAGES = {
    "default": _FILE_STORAGE[TRYGG_FILE_STORAGE],
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# --- Security headers -----------------------------------------------------------------
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
CSRF_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = HTTPS and env.bool("TRYGG_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("TRYGG_HSTS_SECONDS", default=31536000) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
TRYGG_BEHIND_PROXY = env.bool("TRYGG_BEHIND_PROXY", default=False)
# How many proxies of our own append to X-Forwarded-For (the login limits use the address
# the outermost one saw).
TRYGG_PROXY_COUNT = env.int("TRYGG_PROXY_COUNT", default=1)
if TRYGG_BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
TRYGG_PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), interest-cohort=()"
)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# --- Mail, tasks, logging -------------------------------------------------------------
EMAIL_CONFIG = env.email_url(
    "EMAIL_URL", default="consolemail://" if DEBUG else "smtp://localhost:25"
)
globals().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="trygg@huddinge.example")
# Where people ask about their personal data (the data protection officer's address).
TRYGG_PRIVACY_CONTACT = env.str("TRYGG_PRIVACY_CONTACT", default="dataskyddsombud@huddinge.example")
TRYGG_ACCESSIBILITY_CONTACT = env.str(
    "TRYGG_ACCESSIBILITY_CONTACT", default="tillganglighet@huddinge.example"
)

# Background work (e-mail, reminders, retention) runs in `manage.py db_worker`. A laptop
# without a worker can run tasks in-process instead (TRYGG_TASKS_IMMEDIATE, default in DEBUG).
TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend"
        if env.bool("TRYGG_TASKS_IMMEDIATE", default=DEBUG)
        else "django_tasks_db.DatabaseBackend"
    }
}
# Safety fund follow-up: the final report is due this many days after the measure ends; a
# measure longer than TRYGG_FUND_INTERIM_AFTER_DAYS also owes an interim report half-way.
# Reminders go out this many days before and after a due date (manage.py fund_reminders).
TRYGG_FUND_FINAL_REPORT_DAYS = env.int("TRYGG_FUND_FINAL_REPORT_DAYS", default=60)
TRYGG_FUND_INTERIM_AFTER_DAYS = env.int("TRYGG_FUND_INTERIM_AFTER_DAYS", default=180)
TRYGG_FUND_REMINDER_DAYS_BEFORE = env.int("TRYGG_FUND_REMINDER_DAYS_BEFORE", default=14)
TRYGG_FUND_REMINDER_DAYS_AFTER = env.int("TRYGG_FUND_REMINDER_DAYS_AFTER", default=7)
# Attachments to applications: the largest file in MB and the accepted types (file name
# extensions). Each type is also checked by its content; trygg/core/files.py knows
# pdf, docx, xlsx, odt, ods, png, jpg and jpeg, and refuses any other extension listed here.
TRYGG_FUND_ATTACHMENT_MAX_MB = env.int("TRYGG_FUND_ATTACHMENT_MAX_MB", default=10)
TRYGG_FUND_ATTACHMENT_TYPES = env.list(
    "TRYGG_FUND_ATTACHMENT_TYPES",
    default=["pdf", "docx", "xlsx", "odt", "ods", "png", "jpg", "jpeg"],
)
# At most this many attachments, and this many MB in all, per application.
TRYGG_FUND_ATTACHMENTS_PER_APPLICATION = env.int(
    "TRYGG_FUND_ATTACHMENTS_PER_APPLICATION", default=20
)
TRYGG_FUND_ATTACHMENTS_TOTAL_MB = env.int("TRYGG_FUND_ATTACHMENTS_TOTAL_MB", default=50)
# Django's own limits on a request: every form of Trygg uploads one file at a time, and files
# above 2.5 MB are streamed to a temporary file rather than held in memory. The reverse proxy
# caps the body size (see the README); Django reads the body before any view can refuse it.
DATA_UPLOAD_MAX_NUMBER_FILES = 5
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# Defector programme (avhopparverksamhet).
# Emergency access (nödåtkomst) to a case outside one's assignment lasts this many minutes.
TRYGG_DEFECTORS_EMERGENCY_MINUTES = env.int("TRYGG_DEFECTORS_EMERGENCY_MINUTES", default=60)
# How many emergency accesses one person may take to one case in 24 hours (each a new reason,
# each e-mailed to the team); past that, the unit manager adds them to the team instead.
TRYGG_DEFECTORS_EMERGENCY_PER_DAY = env.int("TRYGG_DEFECTORS_EMERGENCY_PER_DAY", default=3)
# Task reminders go to the case team this many days before a task is due
# (manage.py defectors_reminders, daily).
TRYGG_DEFECTORS_TASK_REMINDER_DAYS = env.int("TRYGG_DEFECTORS_TASK_REMINDER_DAYS", default=3)
# Retention (gallring, SoL 12 kap. 1 §): a closed case and its person data are deleted this
# many years after the last entry, at the latest by the end of the following calendar year.
# Persons born on these days of the month are kept for research (SOSFS/kommunens
# dokumenthanteringsplan). A legal hold on a case stops its deletion.
TRYGG_DEFECTORS_RETENTION_YEARS = env.int("TRYGG_DEFECTORS_RETENTION_YEARS", default=5)
TRYGG_DEFECTORS_RETENTION_EXEMPT_BIRTH_DAYS = [
    int(day)
    for day in env.list("TRYGG_DEFECTORS_RETENTION_EXEMPT_BIRTH_DAYS", default=["5", "15", "25"])
]
# Transfer of a case to another municipality: the sending team reads its own entries this many
# days after the receiving municipality accepted. Without the person's consent, a transfer
# names one of these legal grounds (label text; separate them with "|").
TRYGG_TRANSFER_READ_DAYS = env.int("TRYGG_TRANSFER_READ_DAYS", default=90)
TRYGG_TRANSFER_LEGAL_GROUNDS = [
    ground.strip()
    for ground in env.str(
        "TRYGG_TRANSFER_LEGAL_GROUNDS",
        default="Nödvändigt för att socialtjänsten ska kunna fullgöra sin verksamhet "
        "(10 kap. 2 § OSL)|Fara för den enskildes liv eller hälsa, skyddsbehov (nödsituation)",
    ).split("|")
    if ground.strip()
]
# A consent of a person under 18 records the guardians' consent too, or one of these legal
# grounds for acting without it (label text; separate them with "|").
TRYGG_GUARDIAN_LEGAL_GROUNDS = [
    ground.strip()
    for ground in env.str(
        "TRYGG_GUARDIAN_LEGAL_GROUNDS",
        default="Barnet har fyllt 15 år och samtycker självt i frågan|Vårdnadshavarna kan inte "
        "nås och uppgiften behöver lämnas genast (nödsituation)|Uppgiften lämnas med stöd av en "
        "sekretessbrytande bestämmelse (10 kap. 2 § OSL)",
    ).split("|")
    if ground.strip()
]
# Statistics: a cell below this count is shown as "<N" (and a complementary cell hidden so
# totals cannot reveal it).
TRYGG_STATISTICS_MIN_CELL = env.int("TRYGG_STATISTICS_MIN_CELL", default=5)
# Log review: access outside these hours (local time, start inclusive, end exclusive) or on
# weekends is "out of hours"; a user with more than this many case views a day is "unusual
# volume".
TRYGG_LOG_REVIEW_OFFICE_HOURS = (
    env.int("TRYGG_LOG_REVIEW_OFFICE_START", default=7),
    env.int("TRYGG_LOG_REVIEW_OFFICE_END", default=18),
)
TRYGG_LOG_REVIEW_DAILY_VIEWS = env.int("TRYGG_LOG_REVIEW_DAILY_VIEWS", default=40)
# Where users reach Trygg; links in e-mails are built from it.
# Links in e-mails. Without a setting, the address `make run` serves on (its PORT).
TRYGG_BASE_URL = env.str(
    "TRYGG_BASE_URL", default=f"http://127.0.0.1:{env.int('PORT', default=8000)}"
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("TRYGG_LOG_LEVEL", default="INFO")},
    "loggers": {
        # Request lines carry URLs only; Trygg never puts personal data in a URL.
        "django.request": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
    },
}

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
