from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "trygg.audit"
    label = "audit"
    verbose_name = "Audit"
