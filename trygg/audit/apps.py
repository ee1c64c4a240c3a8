from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "trygg.audit"
    label = "audit"
    verbose_name = "Audit"

    def ready(self) -> None:
        # The policy base (in core, below audit) records refusals through this recorder.
        from trygg.audit.services import record_refusal
        from trygg.core.policies import set_refusal_recorder

        set_refusal_recorder(record_refusal)
