from datetime import date

from django.conf import settings
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from trygg.core.access import public

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
