"""Benchmark settings: production-like (DEBUG off), with a floor view added to the URLs."""

import os

os.environ["DJANGO_DEBUG"] = "false"
os.environ["TRYGG_HTTPS"] = "false"
# A database of its own, rebuilt every run: never the development or test database.
_bench_db = os.environ.get("BENCH_DATABASE_URL")
if not _bench_db:
    _var = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "var")
    _bench_db = f"sqlite:///{_var}/bench.sqlite3"
os.environ["DATABASE_URL"] = _bench_db

from config.settings import *  # noqa: E402, F403

ROOT_URLCONF = "tests.bench_urls"
ALLOWED_HOSTS = ["testserver"]
# Served from the source tree: the benchmark measures views, not static files.
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "ERROR"}}
WHITENOISE_USE_FINDERS = True
