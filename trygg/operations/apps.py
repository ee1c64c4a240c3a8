from django.apps import AppConfig


class OperationsConfig(AppConfig):
    """Running Trygg: backups and their restore, on top of every other package."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "trygg.operations"
    label = "operations"
