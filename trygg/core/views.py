import errno
import logging
import sys
from datetime import date

from django.conf import settings
from django.db import InterfaceError, OperationalError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.cache import never_cache

from trygg.core.access import public

logger = logging.getLogger(__name__)

# Seconds a client is asked to wait before trying again when the database is away.
RETRY_AFTER_SECONDS = 30


# PostgreSQL's SQLSTATE for "disk full" (psycopg's DiskFull, wrapped by Django).
DISK_FULL_SQLSTATE = "53100"


def _storage_full(error) -> bool:
    """The disk filled up: a file written to disk (a temporary upload, file storage on disk),
    PostgreSQL unable to extend a table, or SQLite's "database or disk is full"."""
    if isinstance(error, OSError) and error.errno == errno.ENOSPC:
        return True
    if isinstance(error, OperationalError):
        cause = error.__cause__
        return getattr(cause, "sqlstate", None) == DISK_FULL_SQLSTATE or (
            "disk is full" in str(error)
        )
    return False


def server_error(request):
    """The 500 handler (config/urls.py). A request that failed because the database went away
    (stopped, restarted, unreachable) gets a 503 that says so and asks to try again; its
    transaction was rolled back, so nothing is half-written. Both pages are plain templates
    that need no database. Only the error's class is logged, never its text (it can hold a
    connection string). A full disk gets a 507 that says nothing was saved, for the same
    reason: the request's transaction, and any file written in it, was rolled back."""
    error = sys.exc_info()[1]
    if _storage_full(error):
        logger.error("Storage full during a request (%s).", type(error).__name__)
        return HttpResponse(loader.get_template("507.html").render(), status=507)
    if isinstance(error, (OperationalError, InterfaceError)):
        logger.error("Database unavailable during a request (%s).", type(error).__name__)
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return HttpResponseServerError(loader.get_template("500.html").render())


# Update together with the statement's text whenever it is reviewed.
STATEMENT_REVIEWED = date(2026, 12, 3)


@public
@never_cache
def healthz(request):
    """The process answers. Nothing else is checked, so a slow database never restarts it."""
    return JsonResponse({"status": "ok"})


@public
@never_cache
def readyz(request):
    """Ready for traffic: the database answers and every migration is applied."""
    try:
        connection.ensure_connection()
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except Exception:  # any database failure means not ready; never leak its text
        return JsonResponse({"status": "unavailable", "database": False}, status=503)
    if pending:
        return JsonResponse(
            {"status": "unavailable", "database": True, "migrations": False}, status=503
        )
    return JsonResponse({"status": "ok", "database": True, "migrations": True})


@public
def accessibility_statement(request):
    return render(
        request,
        "core/accessibility.html",
        {"contact": settings.TRYGG_ACCESSIBILITY_CONTACT, "reviewed": STATEMENT_REVIEWED},
    )
