from django.urls import include, path

app_name = "defectors"

# Each part of the case file keeps its own URL list; they share this one namespace, so a
# URL is named ``defectors:<name>`` whichever part it belongs to.
PARTS = [
    "cases",
    "overview",
    "mapping",
    "consents",
    "agreement",
    "plan",
    "journal",
    "documents",
    "tasks",
    "persons",
    "status",
    "emergency",
    "extract",
    "retention",
    "statistics",
    "duplicates",
    "transfers",
    "referrals",
    "inbound",
    "joint",
]

urlpatterns = [path("", include(f"trygg.defectors.{part}.urls")) for part in PARTS]
