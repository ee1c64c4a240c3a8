from django.urls import include, path

app_name = "fund"

# Each part of the fund keeps its own URL list; they share this one namespace, so a URL is
# named ``fund:<name>`` whichever part it belongs to. The public list has its own namespace
# (``fund_public``, see config/urls.py).
PARTS = [
    "applications",
    "review",
    "decisions",
    "reports",
    "calls",
    "dashboard",
    "exports",
    "attachments",
    "regional",
    "years",
    "delegation",
    "agreements",
    "finance",
    "registry",
]

urlpatterns = [path("", include(f"trygg.fund.{part}.urls")) for part in PARTS]
